import io.tmr.core.tensor.*;
import jdk.incubator.vector.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
public class MicroGemm {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  // C[m x n] = A[m x k] (row-major, lda) * B[k x n] (row-major, ldb); n multiple of 64, m multiple of 4
  static void gemm(float[] a, int lda, float[] b, int ldb, float[] c, int ldc, int m, int n, int k){
    for (int j0=0;j0<n;j0+=64){
      for(int i=0;i<m;i+=4){
        FloatVector c00=FloatVector.zero(F),c01=c00,c02=c00,c03=c00,c10=c00,c11=c00,c12=c00,c13=c00,c20=c00,c21=c00,c22=c00,c23=c00,c30=c00,c31=c00,c32=c00,c33=c00;
        int a0=i*lda,a1=a0+lda,a2=a1+lda,a3=a2+lda;
        for(int p=0;p<k;p++){
          int bo=p*ldb+j0;
          FloatVector b0=FloatVector.fromArray(F,b,bo),b1=FloatVector.fromArray(F,b,bo+16),b2=FloatVector.fromArray(F,b,bo+32),b3=FloatVector.fromArray(F,b,bo+48);
          FloatVector x=FloatVector.broadcast(F,a[a0+p]);
          c00=b0.fma(x,c00);c01=b1.fma(x,c01);c02=b2.fma(x,c02);c03=b3.fma(x,c03);
          x=FloatVector.broadcast(F,a[a1+p]);
          c10=b0.fma(x,c10);c11=b1.fma(x,c11);c12=b2.fma(x,c12);c13=b3.fma(x,c13);
          x=FloatVector.broadcast(F,a[a2+p]);
          c20=b0.fma(x,c20);c21=b1.fma(x,c21);c22=b2.fma(x,c22);c23=b3.fma(x,c23);
          x=FloatVector.broadcast(F,a[a3+p]);
          c30=b0.fma(x,c30);c31=b1.fma(x,c31);c32=b2.fma(x,c32);c33=b3.fma(x,c33);
        }
        int co=i*ldc+j0;
        c00.intoArray(c,co);c01.intoArray(c,co+16);c02.intoArray(c,co+32);c03.intoArray(c,co+48); co+=ldc;
        c10.intoArray(c,co);c11.intoArray(c,co+16);c12.intoArray(c,co+32);c13.intoArray(c,co+48); co+=ldc;
        c20.intoArray(c,co);c21.intoArray(c,co+16);c22.intoArray(c,co+32);c23.intoArray(c,co+48); co+=ldc;
        c30.intoArray(c,co);c31.intoArray(c,co+16);c32.intoArray(c,co+32);c33.intoArray(c,co+48);
      }
    }
  }
  public static void main(String[] args){
    int[][] shapes={{128,128,64},{128,64,128}};
    for(int rep=0;rep<3;rep++) for(int[] s: shapes){
      int m=s[0],n=s[1],k=s[2];
      float[] a=new float[m*k], b=new float[k*n], c=new float[m*n];
      java.util.Random r=new java.util.Random(1); for(int i=0;i<a.length;i++)a[i]=(float)r.nextGaussian(); for(int i=0;i<b.length;i++)b[i]=(float)r.nextGaussian();
      int iters=4000; double fl=2.0*m*n*k*iters;
      long t0=System.nanoTime(); for(int it=0;it<iters;it++) gemm(a,k,b,n,c,n,m,n,k); long t1=System.nanoTime();
      Matrix A=Matrix.wrap(Nd4j.rand(DataType.FLOAT,m,k)), B=Matrix.wrap(Nd4j.rand(DataType.FLOAT,k,n)), C=Matrix.allocate(DataType.FLOAT,m,n);
      long t2=System.nanoTime(); for(int it=0;it<iters;it++) Blas.gemm(false,false,1.0,A,B,0.0,C); long t3=System.nanoTime();
      System.out.printf("%dx%dx%d: vector %.1f GFLOP/s, openblas %.1f GFLOP/s%n",m,n,k,fl/(t1-t0),fl/(t3-t2));
    }
  }
}
