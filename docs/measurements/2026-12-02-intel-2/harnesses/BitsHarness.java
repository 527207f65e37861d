import jdk.incubator.vector.*;
public class BitsHarness {
  static final VectorSpecies<Float> F=FloatVector.SPECIES_PREFERRED;
  static final VectorSpecies<Integer> I=IntVector.SPECIES_PREFERRED;
  static final IntVector LANES=IntVector.fromArray(I, java.util.stream.IntStream.range(0,16).toArray(),0);
  static final float[] BYTE_BITS=new float[2048];
  static { for(int b=0;b<256;b++) for(int e=0;e<8;e++) BYTE_BITS[b*8+e]=(b>>>e)&1; }
  static void table(long word,float[] out){ for(int b=0;b<8;b++) System.arraycopy(BYTE_BITS,((int)(word>>>(b<<3))&0xFF)<<3,out,b<<3,8);}
  static void fromLong(long word,float[] out){ FloatVector one=FloatVector.broadcast(F,1f), z=FloatVector.zero(F);
    for(int c=0;c<64;c+=16) z.blend(one, VectorMask.fromLong(F, word>>>c)).intoArray(out,c);}
  static void shifts(long word,float[] out){ 
    for(int c=0;c<64;c+=16) IntVector.broadcast(I,(int)(word>>>c)).lanewise(VectorOperators.LSHR,LANES).and(1).convert(VectorOperators.I2F,0).reinterpretAsFloats().intoArray(out,c);}
  public static void main(String[] a){
    long[] words=new long[1<<16]; java.util.Random r=new java.util.Random(3); for(int i=0;i<words.length;i++) words[i]=r.nextLong();
    float[] o1=new float[64],o2=new float[64],o3=new float[64]; float acc=0;
    for(int rep=0;rep<8;rep++){
      long t0=System.nanoTime(); for(long w:words){table(w,o1);acc+=o1[5];}
      long t1=System.nanoTime(); for(long w:words){fromLong(w,o2);acc+=o2[5];}
      long t2=System.nanoTime(); for(long w:words){shifts(w,o3);acc+=o3[5];}
      long t3=System.nanoTime();
      for(long w:words){table(w,o1);fromLong(w,o2);shifts(w,o3); if(!java.util.Arrays.equals(o1,o2)||!java.util.Arrays.equals(o1,o3)) throw new AssertionError();}
      double n=words.length*64.0;
      System.out.printf("table %.3f fromLong %.3f shifts %.3f ns/el%n",(t1-t0)/n,(t2-t1)/n,(t3-t2)/n);
    }
    System.out.println(acc);
  }
}
