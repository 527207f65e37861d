import io.tmr.core.nn.SoftmaxCrossEntropy;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class SceHarness2 {
  public static void main(String[] a){
    int n=614, classes=Integer.parseInt(a[0]);
    Matrix src=Matrix.wrap(Nd4j.rand(DataType.FLOAT,n,classes)), logits=Matrix.allocate(DataType.FLOAT,n,classes);
    int[] labels=new int[n]; double[] u=new double[n]; java.util.Random r=new java.util.Random(1);
    for(int i=0;i<n;i++){labels[i]=r.nextInt(classes); u[i]=r.nextDouble();}
    SoftmaxCrossEntropy ce=new SoftmaxCrossEntropy();
    for(int rep=0;rep<12;rep++){
      logits.copyFrom(src);
      long t=System.nanoTime();
      if(a.length>1) ce.forward(logits,labels); else ce.forward(logits,labels,new SoftmaxCrossEntropy.Draws(1.0,u,new int[n],new int[n]));
      long t1=System.nanoTime();
      if(rep>=6) System.out.printf("%.2f ms%n",(t1-t)/1e6);
    }
  }
}
